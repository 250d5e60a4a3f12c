import type { CreateProperty } from '../modules/catalog/properties.service';
import type { CreateRoom } from '../modules/catalog/rooms.service';

type DemoRoom = Omit<CreateRoom, 'propertyId'> & { count?: number };
export interface DemoProperty {
  property: CreateProperty;
  rooms: DemoRoom[];
}

const photo = (slug: string, name: string, altText: string) => ({ url: `https://images.staygraph.dev/${slug}/${name}.jpg`, altText });
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const house = (name: string, slug: string, city: string, postalCode: string, latitude: number, longitude: number, price: number, amenities: string[]): DemoProperty => ({
  property: {
    kind: 'HOUSE',
    name,
    slug,
    description: `${name}: a whitewashed village house with a terrace over the Mediterranean.`,
    address: { line1: 'Calle del Mar 3', city, region: 'Málaga', country: 'ES', postalCode },
    location: { latitude, longitude },
    timeZone: 'Europe/Madrid',
    checkInTime: '16:00',
    checkOutTime: '10:00',
    houseRules: 'No parties. Quiet hours 23:00–08:00. Pets on request.',
    amenities,
    photos: [photo(slug, 'front', `${name} from the street`), photo(slug, 'terrace', 'The terrace at sunset')],
    currency: 'EUR',
    cancellationPolicy: 'MODERATE',
  },
  rooms: [
    {
      name: 'Whole house',
      roomType: { code: 'WHOLE_HOUSE', label: 'Whole house' },
      maxGuests: 6,
      includedGuests: 4,
      beds: 3,
      sizeSquareMeters: 120,
      airConditioning: true,
      heating: true,
      basePricePerNight: eur(price),
    },
  ],
});

/** A family company with three holiday houses (Costa Olivo). */
export const costaOlivoHouses: DemoProperty[] = [
  house('Casa Olivo', 'casa-olivo', 'Nerja', '29780', 36.7456, -3.8761, 14500, ['pool', 'sea_view', 'wifi', 'parking']),
  house('Casa Limonero', 'casa-limonero', 'Frigiliana', '29788', 36.7906, -3.8966, 11900, ['garden', 'wifi', 'bbq']),
  house('Casa Almendro', 'casa-almendro', 'Cómpeta', '29754', 36.8334, -3.9743, 9800, ['mountain_view', 'wifi', 'fireplace']),
];

/** A hotel with room types and several rooms of each. */
export const hotelMiramar: DemoProperty = {
  property: {
    kind: 'HOTEL',
    name: 'Hotel Miramar',
    slug: 'hotel-miramar-barcelona',
    description: 'A seafront hotel in Barceloneta, five minutes from the beach.',
    address: { line1: 'Passeig Marítim 21', city: 'Barcelona', region: 'Catalonia', country: 'ES', postalCode: '08003' },
    location: { latitude: 41.3784, longitude: 2.1925 },
    timeZone: 'Europe/Madrid',
    amenities: ['wifi', 'breakfast', 'elevator', 'reception_24h'],
    photos: [photo('hotel-miramar', 'lobby', 'The lobby')],
    currency: 'EUR',
    cancellationPolicy: 'FLEXIBLE',
  },
  rooms: [
    { count: 3, name: 'Double', roomType: { code: 'DOUBLE', label: 'Double room' }, maxGuests: 2, beds: 1, sizeSquareMeters: 22, airConditioning: true, heating: true, basePricePerNight: eur(11000) },
    { count: 2, name: 'Suite', roomType: { code: 'SUITE', label: 'Sea-view suite' }, maxGuests: 4, includedGuests: 2, beds: 2, sizeSquareMeters: 45, amenities: ['sea_view', 'bathtub'], airConditioning: true, heating: true, basePricePerNight: eur(24000) },
    { count: 2, name: 'Single', roomType: { code: 'SINGLE', label: 'Single room' }, maxGuests: 1, beds: 1, sizeSquareMeters: 14, airConditioning: true, heating: true, basePricePerNight: eur(7500) },
  ],
};

/** A marketplace host with stays of other kinds, cities and currencies. */
export const atlanticStays: DemoProperty[] = [
  {
    property: {
      kind: 'APARTMENT', name: 'Alfama Loft', slug: 'alfama-loft', timeZone: 'Europe/Lisbon', currency: 'EUR',
      address: { line1: 'Rua de São Miguel 12', city: 'Lisboa', country: 'PT', postalCode: '1100-544' },
      location: { latitude: 38.7114, longitude: -9.1303 }, amenities: ['wifi', 'washing_machine', 'city_view'],
      description: 'A bright loft under the castle.', cancellationPolicy: 'STRICT',
    },
    rooms: [{ name: 'Loft', roomType: { code: 'WHOLE_APARTMENT', label: 'Whole apartment' }, maxGuests: 3, includedGuests: 2, beds: 2, basePricePerNight: eur(8900) }],
  },
  {
    property: {
      kind: 'HOMESTAY', name: 'Casa da Ribeira', slug: 'casa-da-ribeira', timeZone: 'Europe/Lisbon', currency: 'EUR',
      address: { line1: 'Cais da Ribeira 40', city: 'Porto', country: 'PT', postalCode: '4050-510' },
      location: { latitude: 41.1407, longitude: -8.6129 }, amenities: ['wifi', 'breakfast', 'river_view'],
      description: 'Rooms in a family home by the Douro.', cancellationPolicy: 'FLEXIBLE',
    },
    rooms: [
      { name: 'River room', roomType: { code: 'DOUBLE', label: 'Double room' }, maxGuests: 2, beds: 1, basePricePerNight: eur(6500) },
      { name: 'Attic room', roomType: { code: 'TWIN', label: 'Twin room' }, maxGuests: 2, beds: 2, basePricePerNight: eur(5500) },
    ],
  },
  {
    property: {
      kind: 'RESORT', name: 'Ubud Jungle Resort', slug: 'ubud-jungle-resort', timeZone: 'Asia/Makassar', currency: 'IDR',
      address: { line1: 'Jalan Raya Sayan 8', city: 'Ubud', region: 'Bali', country: 'ID', postalCode: '80571' },
      location: { latitude: -8.5069, longitude: 115.2625 }, amenities: ['pool', 'spa', 'breakfast', 'wifi'],
      description: 'Villas over the Ayung river valley.', cancellationPolicy: 'MODERATE',
    },
    rooms: [
      { count: 4, name: 'Villa', roomType: { code: 'VILLA', label: 'Pool villa' }, maxGuests: 4, includedGuests: 2, beds: 2, basePricePerNight: { amount: 240_000_000, currency: 'IDR' } },
    ],
  },
];
