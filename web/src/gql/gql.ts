/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  query RoomMonth($propertyId: ID!, $roomId: ID!, $from: Date!, $to: Date!) {\n    availability(propertyId: $propertyId, roomId: $roomId, from: $from, to: $to) {\n      room { id name }\n      unavailable { from to reason }\n    }\n  }\n": typeof types.RoomMonthDocument,
    "\n  subscription AvailabilityChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason at }\n  }\n": typeof types.AvailabilityChangedDocument,
    "\n  mutation StartCheckout($reservationId: ID!) {\n    startCheckout(reservationId: $reservationId) { mode publishableKey amount { formatted } holdExpiresAt }\n  }\n": typeof types.StartCheckoutDocument,
    "\n  mutation ConfirmTestPayment($reservationId: ID!) {\n    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }\n  }\n": typeof types.ConfirmTestPaymentDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  query PropertyDetails($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      kind\n      description\n      address { line1 city region country }\n      photos { url altText }\n      cancellationPolicy\n      paymentCollection\n      checkInTime\n      checkOutTime\n      rooms {\n        id\n        name\n        maxGuests\n        beds\n        roomType { label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n": typeof types.PropertyDetailsDocument,
    "\n  query StayQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      nights\n      bookable\n      problems { code message }\n      lines { date price { amount formatted } rule }\n      subtotal { amount formatted }\n      fees { label amount { amount formatted } }\n      discounts { label amount { amount formatted } }\n      taxes { amount formatted }\n      total { amount formatted }\n      discount { code applied reason amount { formatted } }\n    }\n  }\n": typeof types.StayQuoteDocument,
    "\n  mutation CreateReservation($input: CreateReservationInput!) {\n    createReservation(input: $input) {\n      id\n      code\n      status\n      checkIn\n      checkOut\n      total { formatted }\n      holdExpiresAt\n    }\n  }\n": typeof types.CreateReservationDocument,
    "\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n": typeof types.SearchStaysDocument,
    "\n  query MyTrips($scope: ReservationScope!) {\n    myReservations(scope: $scope, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          total { formatted }\n          refundAmount { formatted }\n          cancellationPolicy\n          property { id name paymentCollection address { city country } }\n          payments { status amount { formatted } }\n        }\n      }\n    }\n  }\n": typeof types.MyTripsDocument,
    "\n  mutation CancelReservation($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }\n  }\n": typeof types.CancelReservationDocument,
};
const documents: Documents = {
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  query RoomMonth($propertyId: ID!, $roomId: ID!, $from: Date!, $to: Date!) {\n    availability(propertyId: $propertyId, roomId: $roomId, from: $from, to: $to) {\n      room { id name }\n      unavailable { from to reason }\n    }\n  }\n": types.RoomMonthDocument,
    "\n  subscription AvailabilityChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason at }\n  }\n": types.AvailabilityChangedDocument,
    "\n  mutation StartCheckout($reservationId: ID!) {\n    startCheckout(reservationId: $reservationId) { mode publishableKey amount { formatted } holdExpiresAt }\n  }\n": types.StartCheckoutDocument,
    "\n  mutation ConfirmTestPayment($reservationId: ID!) {\n    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }\n  }\n": types.ConfirmTestPaymentDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": types.RegisterDocument,
    "\n  query PropertyDetails($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      kind\n      description\n      address { line1 city region country }\n      photos { url altText }\n      cancellationPolicy\n      paymentCollection\n      checkInTime\n      checkOutTime\n      rooms {\n        id\n        name\n        maxGuests\n        beds\n        roomType { label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n": types.PropertyDetailsDocument,
    "\n  query StayQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      nights\n      bookable\n      problems { code message }\n      lines { date price { amount formatted } rule }\n      subtotal { amount formatted }\n      fees { label amount { amount formatted } }\n      discounts { label amount { amount formatted } }\n      taxes { amount formatted }\n      total { amount formatted }\n      discount { code applied reason amount { formatted } }\n    }\n  }\n": types.StayQuoteDocument,
    "\n  mutation CreateReservation($input: CreateReservationInput!) {\n    createReservation(input: $input) {\n      id\n      code\n      status\n      checkIn\n      checkOut\n      total { formatted }\n      holdExpiresAt\n    }\n  }\n": types.CreateReservationDocument,
    "\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n": types.SearchStaysDocument,
    "\n  query MyTrips($scope: ReservationScope!) {\n    myReservations(scope: $scope, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          total { formatted }\n          refundAmount { formatted }\n          cancellationPolicy\n          property { id name paymentCollection address { city country } }\n          payments { status amount { formatted } }\n        }\n      }\n    }\n  }\n": types.MyTripsDocument,
    "\n  mutation CancelReservation($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }\n  }\n": types.CancelReservationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomMonth($propertyId: ID!, $roomId: ID!, $from: Date!, $to: Date!) {\n    availability(propertyId: $propertyId, roomId: $roomId, from: $from, to: $to) {\n      room { id name }\n      unavailable { from to reason }\n    }\n  }\n"): (typeof documents)["\n  query RoomMonth($propertyId: ID!, $roomId: ID!, $from: Date!, $to: Date!) {\n    availability(propertyId: $propertyId, roomId: $roomId, from: $from, to: $to) {\n      room { id name }\n      unavailable { from to reason }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AvailabilityChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason at }\n  }\n"): (typeof documents)["\n  subscription AvailabilityChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartCheckout($reservationId: ID!) {\n    startCheckout(reservationId: $reservationId) { mode publishableKey amount { formatted } holdExpiresAt }\n  }\n"): (typeof documents)["\n  mutation StartCheckout($reservationId: ID!) {\n    startCheckout(reservationId: $reservationId) { mode publishableKey amount { formatted } holdExpiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTestPayment($reservationId: ID!) {\n    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }\n  }\n"): (typeof documents)["\n  mutation ConfirmTestPayment($reservationId: ID!) {\n    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PropertyDetails($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      kind\n      description\n      address { line1 city region country }\n      photos { url altText }\n      cancellationPolicy\n      paymentCollection\n      checkInTime\n      checkOutTime\n      rooms {\n        id\n        name\n        maxGuests\n        beds\n        roomType { label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PropertyDetails($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      kind\n      description\n      address { line1 city region country }\n      photos { url altText }\n      cancellationPolicy\n      paymentCollection\n      checkInTime\n      checkOutTime\n      rooms {\n        id\n        name\n        maxGuests\n        beds\n        roomType { label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StayQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      nights\n      bookable\n      problems { code message }\n      lines { date price { amount formatted } rule }\n      subtotal { amount formatted }\n      fees { label amount { amount formatted } }\n      discounts { label amount { amount formatted } }\n      taxes { amount formatted }\n      total { amount formatted }\n      discount { code applied reason amount { formatted } }\n    }\n  }\n"): (typeof documents)["\n  query StayQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      nights\n      bookable\n      problems { code message }\n      lines { date price { amount formatted } rule }\n      subtotal { amount formatted }\n      fees { label amount { amount formatted } }\n      discounts { label amount { amount formatted } }\n      taxes { amount formatted }\n      total { amount formatted }\n      discount { code applied reason amount { formatted } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateReservation($input: CreateReservationInput!) {\n    createReservation(input: $input) {\n      id\n      code\n      status\n      checkIn\n      checkOut\n      total { formatted }\n      holdExpiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreateReservation($input: CreateReservationInput!) {\n    createReservation(input: $input) {\n      id\n      code\n      status\n      checkIn\n      checkOut\n      total { formatted }\n      holdExpiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyTrips($scope: ReservationScope!) {\n    myReservations(scope: $scope, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          total { formatted }\n          refundAmount { formatted }\n          cancellationPolicy\n          property { id name paymentCollection address { city country } }\n          payments { status amount { formatted } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyTrips($scope: ReservationScope!) {\n    myReservations(scope: $scope, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          total { formatted }\n          refundAmount { formatted }\n          cancellationPolicy\n          property { id name paymentCollection address { city country } }\n          payments { status amount { formatted } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelReservation($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }\n  }\n"): (typeof documents)["\n  mutation CancelReservation($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;