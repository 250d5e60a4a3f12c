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
    "\n  mutation StartCheckout($reservationId: ID!) {\n    startCheckout(reservationId: $reservationId) { mode publishableKey clientSecret amount { formatted } holdExpiresAt }\n  }\n": typeof types.StartCheckoutDocument,
    "\n  mutation ConfirmTestPayment($reservationId: ID!) {\n    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }\n  }\n": typeof types.ConfirmTestPaymentDocument,
    "\n  query ReservationStatus($id: ID!) {\n    reservation(id: $id) { id status }\n  }\n": typeof types.ReservationStatusDocument,
    "\n  mutation HostBlockDates($roomId: ID!, $from: Date!, $to: Date!, $reason: String) {\n    blockDates(roomId: $roomId, from: $from, to: $to, reason: $reason) { id from to reason room { id name } }\n  }\n": typeof types.HostBlockDatesDocument,
    "\n  query HostCalendarExports($propertyId: ID!) {\n    calendarExports(propertyId: $propertyId) { id roomId createdAt }\n  }\n": typeof types.HostCalendarExportsDocument,
    "\n  mutation HostCreateCalendarExport($roomId: ID, $propertyId: ID) {\n    createCalendarExport(roomId: $roomId, propertyId: $propertyId) { id roomId url createdAt }\n  }\n": typeof types.HostCreateCalendarExportDocument,
    "\n  mutation HostRevokeCalendarExport($id: ID!) {\n    revokeCalendarExport(id: $id)\n  }\n": typeof types.HostRevokeCalendarExportDocument,
    "\n  query HostPendingStays($propertyId: ID) {\n    hostReservations(status: PENDING, propertyId: $propertyId, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          checkIn\n          checkOut\n          nights\n          guests\n          holdExpiresAt\n          specialRequests\n          contact { name email }\n          total { formatted }\n          room { id name }\n          property { id name paymentCollection }\n        }\n      }\n    }\n  }\n": typeof types.HostPendingStaysDocument,
    "\n  mutation HostConfirmStay($id: ID!) {\n    confirmReservation(id: $id) { id code status }\n  }\n": typeof types.HostConfirmStayDocument,
    "\n  mutation HostRejectStay($id: ID!, $reason: String) {\n    rejectReservation(id: $id, reason: $reason) { id code status }\n  }\n": typeof types.HostRejectStayDocument,
    "\n  query HostPricingRules($id: ID!) {\n    property(id: $id) {\n      id\n      pricingRules {\n        id\n        name\n        roomTypeCode\n        roomId\n        dates { from to }\n        weekdays\n        nightlyPrice { formatted }\n        percentChange\n        minNights\n        maxNights\n      }\n    }\n  }\n": typeof types.HostPricingRulesDocument,
    "\n  mutation HostCreatePricingRule($input: PricingRuleInput!) {\n    createPricingRule(input: $input) { id name }\n  }\n": typeof types.HostCreatePricingRuleDocument,
    "\n  mutation HostDeletePricingRule($id: ID!) {\n    deletePricingRule(id: $id)\n  }\n": typeof types.HostDeletePricingRuleDocument,
    "\n  query HostPropertyCalendar($propertyId: ID!, $from: Date!, $to: Date!) {\n    propertyCalendar(propertyId: $propertyId, from: $from, to: $to) {\n      room { id name roomType { label } }\n      entries {\n        kind\n        from\n        to\n        blockId\n        note\n        movable\n        reservation { id code status guests contact { name } }\n      }\n    }\n  }\n": typeof types.HostPropertyCalendarDocument,
    "\n  mutation HostUnblockDates($blockId: ID!) {\n    unblockDates(blockId: $blockId)\n  }\n": typeof types.HostUnblockDatesDocument,
    "\n  query HostArrivals($from: Date!, $to: Date!) {\n    hostReservations(from: $from, to: $to, first: 100) {\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          lateCheckout\n          specialRequests\n          contact { name phone }\n          room { id name }\n          property { id name timeZone checkInTime }\n        }\n      }\n    }\n  }\n": typeof types.HostArrivalsDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  query PropertyDetails($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      kind\n      description\n      address { line1 city region country }\n      photos { url altText }\n      cancellationPolicy\n      paymentCollection\n      checkInTime\n      checkOutTime\n      rooms {\n        id\n        name\n        maxGuests\n        beds\n        roomType { label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n": typeof types.PropertyDetailsDocument,
    "\n  query StayQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      nights\n      bookable\n      problems { code message }\n      lines { date price { amount formatted } rule }\n      subtotal { amount formatted }\n      fees { label amount { amount formatted } }\n      discounts { label amount { amount formatted } }\n      taxes { amount formatted }\n      total { amount formatted }\n      discount { code applied reason amount { formatted } }\n    }\n  }\n": typeof types.StayQuoteDocument,
    "\n  mutation CreateReservation($input: CreateReservationInput!) {\n    createReservation(input: $input) {\n      id\n      code\n      status\n      checkIn\n      checkOut\n      total { formatted }\n      holdExpiresAt\n    }\n  }\n": typeof types.CreateReservationDocument,
    "\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n": typeof types.SearchStaysDocument,
    "\n  query MyTrips($scope: ReservationScope!) {\n    myReservations(scope: $scope, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          total { formatted }\n          refundAmount { formatted }\n          cancellationRefund { amount formatted }\n          cancellationPolicy\n          property { id name paymentCollection address { city country } }\n          payments { status amount { formatted } }\n        }\n      }\n    }\n  }\n": typeof types.MyTripsDocument,
    "\n  mutation CancelReservation($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }\n  }\n": typeof types.CancelReservationDocument,
    "\n  query HostProperties($admin: Boolean!) {\n    me {\n      id\n      hostProfile {\n        id\n        businessName\n        kycStatus\n        properties { ...HostPropertySummary }\n      }\n    }\n    properties(filter: { includeInactive: true }, first: 100) @include(if: $admin) {\n      edges { node { ...HostPropertySummary } }\n    }\n  }\n  fragment HostPropertySummary on Property {\n    id\n    name\n    kind\n    active\n    currency\n    paymentCollection\n    address { city country }\n    rooms {\n      id\n      name\n      active\n      maxGuests\n      roomType { code label }\n      basePricePerNight { formatted }\n    }\n  }\n": typeof types.HostPropertiesDocument,
    "\n  query HostProperty($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      active\n      currency\n      timeZone\n      paymentCollection\n      address { city country }\n      rooms {\n        id\n        name\n        active\n        maxGuests\n        includedGuests\n        beds\n        roomType { code label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n": typeof types.HostPropertyDocument,
    "\n  subscription HostPropertyChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason }\n  }\n": typeof types.HostPropertyChangedDocument,
};
const documents: Documents = {
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  query RoomMonth($propertyId: ID!, $roomId: ID!, $from: Date!, $to: Date!) {\n    availability(propertyId: $propertyId, roomId: $roomId, from: $from, to: $to) {\n      room { id name }\n      unavailable { from to reason }\n    }\n  }\n": types.RoomMonthDocument,
    "\n  subscription AvailabilityChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason at }\n  }\n": types.AvailabilityChangedDocument,
    "\n  mutation StartCheckout($reservationId: ID!) {\n    startCheckout(reservationId: $reservationId) { mode publishableKey clientSecret amount { formatted } holdExpiresAt }\n  }\n": types.StartCheckoutDocument,
    "\n  mutation ConfirmTestPayment($reservationId: ID!) {\n    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }\n  }\n": types.ConfirmTestPaymentDocument,
    "\n  query ReservationStatus($id: ID!) {\n    reservation(id: $id) { id status }\n  }\n": types.ReservationStatusDocument,
    "\n  mutation HostBlockDates($roomId: ID!, $from: Date!, $to: Date!, $reason: String) {\n    blockDates(roomId: $roomId, from: $from, to: $to, reason: $reason) { id from to reason room { id name } }\n  }\n": types.HostBlockDatesDocument,
    "\n  query HostCalendarExports($propertyId: ID!) {\n    calendarExports(propertyId: $propertyId) { id roomId createdAt }\n  }\n": types.HostCalendarExportsDocument,
    "\n  mutation HostCreateCalendarExport($roomId: ID, $propertyId: ID) {\n    createCalendarExport(roomId: $roomId, propertyId: $propertyId) { id roomId url createdAt }\n  }\n": types.HostCreateCalendarExportDocument,
    "\n  mutation HostRevokeCalendarExport($id: ID!) {\n    revokeCalendarExport(id: $id)\n  }\n": types.HostRevokeCalendarExportDocument,
    "\n  query HostPendingStays($propertyId: ID) {\n    hostReservations(status: PENDING, propertyId: $propertyId, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          checkIn\n          checkOut\n          nights\n          guests\n          holdExpiresAt\n          specialRequests\n          contact { name email }\n          total { formatted }\n          room { id name }\n          property { id name paymentCollection }\n        }\n      }\n    }\n  }\n": types.HostPendingStaysDocument,
    "\n  mutation HostConfirmStay($id: ID!) {\n    confirmReservation(id: $id) { id code status }\n  }\n": types.HostConfirmStayDocument,
    "\n  mutation HostRejectStay($id: ID!, $reason: String) {\n    rejectReservation(id: $id, reason: $reason) { id code status }\n  }\n": types.HostRejectStayDocument,
    "\n  query HostPricingRules($id: ID!) {\n    property(id: $id) {\n      id\n      pricingRules {\n        id\n        name\n        roomTypeCode\n        roomId\n        dates { from to }\n        weekdays\n        nightlyPrice { formatted }\n        percentChange\n        minNights\n        maxNights\n      }\n    }\n  }\n": types.HostPricingRulesDocument,
    "\n  mutation HostCreatePricingRule($input: PricingRuleInput!) {\n    createPricingRule(input: $input) { id name }\n  }\n": types.HostCreatePricingRuleDocument,
    "\n  mutation HostDeletePricingRule($id: ID!) {\n    deletePricingRule(id: $id)\n  }\n": types.HostDeletePricingRuleDocument,
    "\n  query HostPropertyCalendar($propertyId: ID!, $from: Date!, $to: Date!) {\n    propertyCalendar(propertyId: $propertyId, from: $from, to: $to) {\n      room { id name roomType { label } }\n      entries {\n        kind\n        from\n        to\n        blockId\n        note\n        movable\n        reservation { id code status guests contact { name } }\n      }\n    }\n  }\n": types.HostPropertyCalendarDocument,
    "\n  mutation HostUnblockDates($blockId: ID!) {\n    unblockDates(blockId: $blockId)\n  }\n": types.HostUnblockDatesDocument,
    "\n  query HostArrivals($from: Date!, $to: Date!) {\n    hostReservations(from: $from, to: $to, first: 100) {\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          lateCheckout\n          specialRequests\n          contact { name phone }\n          room { id name }\n          property { id name timeZone checkInTime }\n        }\n      }\n    }\n  }\n": types.HostArrivalsDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": types.RegisterDocument,
    "\n  query PropertyDetails($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      kind\n      description\n      address { line1 city region country }\n      photos { url altText }\n      cancellationPolicy\n      paymentCollection\n      checkInTime\n      checkOutTime\n      rooms {\n        id\n        name\n        maxGuests\n        beds\n        roomType { label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n": types.PropertyDetailsDocument,
    "\n  query StayQuote($input: QuoteInput!) {\n    quote(input: $input) {\n      nights\n      bookable\n      problems { code message }\n      lines { date price { amount formatted } rule }\n      subtotal { amount formatted }\n      fees { label amount { amount formatted } }\n      discounts { label amount { amount formatted } }\n      taxes { amount formatted }\n      total { amount formatted }\n      discount { code applied reason amount { formatted } }\n    }\n  }\n": types.StayQuoteDocument,
    "\n  mutation CreateReservation($input: CreateReservationInput!) {\n    createReservation(input: $input) {\n      id\n      code\n      status\n      checkIn\n      checkOut\n      total { formatted }\n      holdExpiresAt\n    }\n  }\n": types.CreateReservationDocument,
    "\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n": types.SearchStaysDocument,
    "\n  query MyTrips($scope: ReservationScope!) {\n    myReservations(scope: $scope, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          total { formatted }\n          refundAmount { formatted }\n          cancellationRefund { amount formatted }\n          cancellationPolicy\n          property { id name paymentCollection address { city country } }\n          payments { status amount { formatted } }\n        }\n      }\n    }\n  }\n": types.MyTripsDocument,
    "\n  mutation CancelReservation($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }\n  }\n": types.CancelReservationDocument,
    "\n  query HostProperties($admin: Boolean!) {\n    me {\n      id\n      hostProfile {\n        id\n        businessName\n        kycStatus\n        properties { ...HostPropertySummary }\n      }\n    }\n    properties(filter: { includeInactive: true }, first: 100) @include(if: $admin) {\n      edges { node { ...HostPropertySummary } }\n    }\n  }\n  fragment HostPropertySummary on Property {\n    id\n    name\n    kind\n    active\n    currency\n    paymentCollection\n    address { city country }\n    rooms {\n      id\n      name\n      active\n      maxGuests\n      roomType { code label }\n      basePricePerNight { formatted }\n    }\n  }\n": types.HostPropertiesDocument,
    "\n  query HostProperty($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      active\n      currency\n      timeZone\n      paymentCollection\n      address { city country }\n      rooms {\n        id\n        name\n        active\n        maxGuests\n        includedGuests\n        beds\n        roomType { code label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n": types.HostPropertyDocument,
    "\n  subscription HostPropertyChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason }\n  }\n": types.HostPropertyChangedDocument,
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
export function graphql(source: "\n  mutation StartCheckout($reservationId: ID!) {\n    startCheckout(reservationId: $reservationId) { mode publishableKey clientSecret amount { formatted } holdExpiresAt }\n  }\n"): (typeof documents)["\n  mutation StartCheckout($reservationId: ID!) {\n    startCheckout(reservationId: $reservationId) { mode publishableKey clientSecret amount { formatted } holdExpiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTestPayment($reservationId: ID!) {\n    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }\n  }\n"): (typeof documents)["\n  mutation ConfirmTestPayment($reservationId: ID!) {\n    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReservationStatus($id: ID!) {\n    reservation(id: $id) { id status }\n  }\n"): (typeof documents)["\n  query ReservationStatus($id: ID!) {\n    reservation(id: $id) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HostBlockDates($roomId: ID!, $from: Date!, $to: Date!, $reason: String) {\n    blockDates(roomId: $roomId, from: $from, to: $to, reason: $reason) { id from to reason room { id name } }\n  }\n"): (typeof documents)["\n  mutation HostBlockDates($roomId: ID!, $from: Date!, $to: Date!, $reason: String) {\n    blockDates(roomId: $roomId, from: $from, to: $to, reason: $reason) { id from to reason room { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HostCalendarExports($propertyId: ID!) {\n    calendarExports(propertyId: $propertyId) { id roomId createdAt }\n  }\n"): (typeof documents)["\n  query HostCalendarExports($propertyId: ID!) {\n    calendarExports(propertyId: $propertyId) { id roomId createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HostCreateCalendarExport($roomId: ID, $propertyId: ID) {\n    createCalendarExport(roomId: $roomId, propertyId: $propertyId) { id roomId url createdAt }\n  }\n"): (typeof documents)["\n  mutation HostCreateCalendarExport($roomId: ID, $propertyId: ID) {\n    createCalendarExport(roomId: $roomId, propertyId: $propertyId) { id roomId url createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HostRevokeCalendarExport($id: ID!) {\n    revokeCalendarExport(id: $id)\n  }\n"): (typeof documents)["\n  mutation HostRevokeCalendarExport($id: ID!) {\n    revokeCalendarExport(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HostPendingStays($propertyId: ID) {\n    hostReservations(status: PENDING, propertyId: $propertyId, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          checkIn\n          checkOut\n          nights\n          guests\n          holdExpiresAt\n          specialRequests\n          contact { name email }\n          total { formatted }\n          room { id name }\n          property { id name paymentCollection }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query HostPendingStays($propertyId: ID) {\n    hostReservations(status: PENDING, propertyId: $propertyId, first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          checkIn\n          checkOut\n          nights\n          guests\n          holdExpiresAt\n          specialRequests\n          contact { name email }\n          total { formatted }\n          room { id name }\n          property { id name paymentCollection }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HostConfirmStay($id: ID!) {\n    confirmReservation(id: $id) { id code status }\n  }\n"): (typeof documents)["\n  mutation HostConfirmStay($id: ID!) {\n    confirmReservation(id: $id) { id code status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HostRejectStay($id: ID!, $reason: String) {\n    rejectReservation(id: $id, reason: $reason) { id code status }\n  }\n"): (typeof documents)["\n  mutation HostRejectStay($id: ID!, $reason: String) {\n    rejectReservation(id: $id, reason: $reason) { id code status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HostPricingRules($id: ID!) {\n    property(id: $id) {\n      id\n      pricingRules {\n        id\n        name\n        roomTypeCode\n        roomId\n        dates { from to }\n        weekdays\n        nightlyPrice { formatted }\n        percentChange\n        minNights\n        maxNights\n      }\n    }\n  }\n"): (typeof documents)["\n  query HostPricingRules($id: ID!) {\n    property(id: $id) {\n      id\n      pricingRules {\n        id\n        name\n        roomTypeCode\n        roomId\n        dates { from to }\n        weekdays\n        nightlyPrice { formatted }\n        percentChange\n        minNights\n        maxNights\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HostCreatePricingRule($input: PricingRuleInput!) {\n    createPricingRule(input: $input) { id name }\n  }\n"): (typeof documents)["\n  mutation HostCreatePricingRule($input: PricingRuleInput!) {\n    createPricingRule(input: $input) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HostDeletePricingRule($id: ID!) {\n    deletePricingRule(id: $id)\n  }\n"): (typeof documents)["\n  mutation HostDeletePricingRule($id: ID!) {\n    deletePricingRule(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HostPropertyCalendar($propertyId: ID!, $from: Date!, $to: Date!) {\n    propertyCalendar(propertyId: $propertyId, from: $from, to: $to) {\n      room { id name roomType { label } }\n      entries {\n        kind\n        from\n        to\n        blockId\n        note\n        movable\n        reservation { id code status guests contact { name } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query HostPropertyCalendar($propertyId: ID!, $from: Date!, $to: Date!) {\n    propertyCalendar(propertyId: $propertyId, from: $from, to: $to) {\n      room { id name roomType { label } }\n      entries {\n        kind\n        from\n        to\n        blockId\n        note\n        movable\n        reservation { id code status guests contact { name } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HostUnblockDates($blockId: ID!) {\n    unblockDates(blockId: $blockId)\n  }\n"): (typeof documents)["\n  mutation HostUnblockDates($blockId: ID!) {\n    unblockDates(blockId: $blockId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HostArrivals($from: Date!, $to: Date!) {\n    hostReservations(from: $from, to: $to, first: 100) {\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          lateCheckout\n          specialRequests\n          contact { name phone }\n          room { id name }\n          property { id name timeZone checkInTime }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query HostArrivals($from: Date!, $to: Date!) {\n    hostReservations(from: $from, to: $to, first: 100) {\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          lateCheckout\n          specialRequests\n          contact { name phone }\n          room { id name }\n          property { id name timeZone checkInTime }\n        }\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query MyTrips($scope: ReservationScope!) {\n    myReservations(scope: $scope, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          total { formatted }\n          refundAmount { formatted }\n          cancellationRefund { amount formatted }\n          cancellationPolicy\n          property { id name paymentCollection address { city country } }\n          payments { status amount { formatted } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyTrips($scope: ReservationScope!) {\n    myReservations(scope: $scope, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          status\n          checkIn\n          checkOut\n          nights\n          guests\n          total { formatted }\n          refundAmount { formatted }\n          cancellationRefund { amount formatted }\n          cancellationPolicy\n          property { id name paymentCollection address { city country } }\n          payments { status amount { formatted } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelReservation($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }\n  }\n"): (typeof documents)["\n  mutation CancelReservation($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HostProperties($admin: Boolean!) {\n    me {\n      id\n      hostProfile {\n        id\n        businessName\n        kycStatus\n        properties { ...HostPropertySummary }\n      }\n    }\n    properties(filter: { includeInactive: true }, first: 100) @include(if: $admin) {\n      edges { node { ...HostPropertySummary } }\n    }\n  }\n  fragment HostPropertySummary on Property {\n    id\n    name\n    kind\n    active\n    currency\n    paymentCollection\n    address { city country }\n    rooms {\n      id\n      name\n      active\n      maxGuests\n      roomType { code label }\n      basePricePerNight { formatted }\n    }\n  }\n"): (typeof documents)["\n  query HostProperties($admin: Boolean!) {\n    me {\n      id\n      hostProfile {\n        id\n        businessName\n        kycStatus\n        properties { ...HostPropertySummary }\n      }\n    }\n    properties(filter: { includeInactive: true }, first: 100) @include(if: $admin) {\n      edges { node { ...HostPropertySummary } }\n    }\n  }\n  fragment HostPropertySummary on Property {\n    id\n    name\n    kind\n    active\n    currency\n    paymentCollection\n    address { city country }\n    rooms {\n      id\n      name\n      active\n      maxGuests\n      roomType { code label }\n      basePricePerNight { formatted }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HostProperty($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      active\n      currency\n      timeZone\n      paymentCollection\n      address { city country }\n      rooms {\n        id\n        name\n        active\n        maxGuests\n        includedGuests\n        beds\n        roomType { code label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n"): (typeof documents)["\n  query HostProperty($id: ID!) {\n    property(id: $id) {\n      id\n      name\n      active\n      currency\n      timeZone\n      paymentCollection\n      address { city country }\n      rooms {\n        id\n        name\n        active\n        maxGuests\n        includedGuests\n        beds\n        roomType { code label }\n        basePricePerNight { formatted }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HostPropertyChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason }\n  }\n"): (typeof documents)["\n  subscription HostPropertyChanged($propertyId: ID!) {\n    availabilityChanged(propertyId: $propertyId) { roomId from to reason }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;