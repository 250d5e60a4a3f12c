import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';

export const reviewsResolvers: Resolvers = {
  Query: {
    reviewsToModerate: (_source, _args, { services }) => services.reviews.awaitingModeration(),
    suggestions: (_source, { handled }, { services }) => services.feedback.suggestions(handled),
    myWishlist: (_source, _args, { services, viewer }) => services.feedback.wishlist(requireRole(viewer, 'GUEST')),
  },
  Mutation: {
    createReview: (_source, { input }, { services, viewer }) => services.reviews.create(requireRole(viewer, 'GUEST'), input),
    replyToReview: (_source, { id, text }, { services, viewer }) => services.reviews.reply(requireRole(viewer, 'HOST'), id, text),
    submitOpinion: (_source, { input }, { services, viewer, ip }) => services.reviews.submitOpinion(viewer, input, ip),
    moderateReview: (_source, { id, visible }, { services }) => services.reviews.moderate(id, visible),
    sendSuggestion: (_source, { input }, { services, viewer, ip }) => services.feedback.suggest(viewer, input, ip),
    markSuggestionHandled: (_source, { id, handled }, { services }) => services.feedback.markHandled(id, handled ?? true),
    addToWishlist: (_source, { propertyId }, { services, viewer }) => services.feedback.add(requireRole(viewer, 'GUEST'), propertyId),
    removeFromWishlist: (_source, { propertyId }, { services, viewer }) => services.feedback.remove(requireRole(viewer, 'GUEST'), propertyId),
  },
  Property: {
    reviews: (property, { first, after }, { services }) => services.reviews.forProperty(property.id, { first, after }),
  },
  Review: {
    text: (review) => review.body,
    property: async (review, _args, { loaders }) => {
      const property = await loaders.propertyById.load(review.propertyId);
      if (!property) throw new Error(`review ${review.id} has no property`);
      return property;
    },
  },
  Suggestion: {
    text: (suggestion) => suggestion.body,
  },
};
