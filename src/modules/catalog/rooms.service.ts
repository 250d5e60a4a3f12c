import { type DataSource, In } from 'typeorm';
import { z } from 'zod';
import { badInput, notFound } from '../../platform/errors';
import { type GraphQLInput, parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from './catalog-access';
import { amenityList, moneyInput, roomType } from './catalog-validation';
import { Property } from './property.entity';
import { Room } from './room.entity';

const roomFields = {
  name: z.string().trim().min(1, 'must not be empty').max(120),
  roomType,
  maxGuests: z.number().int().min(1, 'must be at least 1').max(50),
  includedGuests: z.number().int().min(1, 'must be at least 1').max(50),
  beds: z.number().int().min(0).max(50),
  sizeSquareMeters: z.number().int().min(1).max(100_000),
  amenities: amenityList,
  airConditioning: z.boolean(),
  heating: z.boolean(),
  basePricePerNight: moneyInput,
};

const createSchema = z.object({
  propertyId: z.string(),
  name: roomFields.name,
  roomType: roomFields.roomType,
  maxGuests: roomFields.maxGuests,
  includedGuests: roomFields.includedGuests.nullish(),
  beds: roomFields.beds,
  sizeSquareMeters: roomFields.sizeSquareMeters.nullish(),
  amenities: roomFields.amenities.nullish(),
  airConditioning: roomFields.airConditioning.nullish(),
  heating: roomFields.heating.nullish(),
  basePricePerNight: roomFields.basePricePerNight,
});

const updateSchema = z.object({
  name: roomFields.name.optional(),
  roomType: roomFields.roomType.optional(),
  maxGuests: roomFields.maxGuests.optional(),
  includedGuests: roomFields.includedGuests.optional(),
  beds: roomFields.beds.optional(),
  sizeSquareMeters: roomFields.sizeSquareMeters.nullish(),
  amenities: roomFields.amenities.optional(),
  airConditioning: roomFields.airConditioning.optional(),
  heating: roomFields.heating.optional(),
  basePricePerNight: roomFields.basePricePerNight.optional(),
  active: z.boolean().optional(),
});

export type CreateRoom = GraphQLInput<z.input<typeof createSchema>>;
export type UpdateRoom = GraphQLInput<z.input<typeof updateSchema>>;

function assertCurrency(property: Property, currency: string): void {
  if (currency !== property.currency) {
    throw badInput('basePricePerNight.currency', `Prices of ${property.name} are in ${property.currency}`);
  }
}

function assertGuests(room: Pick<Room, 'maxGuests' | 'includedGuests'>): void {
  if (room.includedGuests > room.maxGuests) throw badInput('includedGuests', 'includedGuests cannot exceed maxGuests');
}

/** Rooms, the bookable units of a property. */
export class RoomsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
  ) {}

  findByIds(ids: readonly string[]): Promise<Room[]> {
    return this.db.getRepository(Room).findBy({ id: In([...ids]) });
  }

  findByPropertyIds(propertyIds: readonly string[]): Promise<Room[]> {
    return this.db.getRepository(Room).find({
      where: { propertyId: In([...propertyIds]) },
      order: { roomTypeCode: 'ASC', name: 'ASC', id: 'ASC' },
    });
  }

  async create(viewer: User, input: CreateRoom): Promise<Room> {
    const details = parseInput(createSchema, input);
    return this.db.transaction(async (manager) => {
      await this.access.assertManagesProperty(viewer, details.propertyId, manager);
      const property = await manager.findOneByOrFail(Property, { id: details.propertyId });
      assertCurrency(property, details.basePricePerNight.currency);
      const room = manager.create(Room, {
        propertyId: property.id,
        name: details.name,
        roomTypeCode: details.roomType.code,
        roomTypeLabel: details.roomType.label,
        maxGuests: details.maxGuests,
        includedGuests: details.includedGuests ?? details.maxGuests,
        beds: details.beds,
        sizeSquareMeters: details.sizeSquareMeters ?? null,
        amenities: details.amenities ?? [],
        airConditioning: details.airConditioning ?? false,
        heating: details.heating ?? false,
        basePriceAmount: details.basePricePerNight.amount,
        active: true,
      });
      assertGuests(room);
      return manager.save(room);
    });
  }

  async update(viewer: User, id: string, input: UpdateRoom): Promise<Room> {
    const changes = parseInput(updateSchema, input);
    return this.db.transaction(async (manager) => {
      const found = await this.access.assertManagesRoom(viewer, id, manager);
      const room = await manager.findOne(Room, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      if (!room) throw notFound('Room');
      const { roomType: type, basePricePerNight, ...plain } = changes;
      for (const [key, value] of Object.entries(plain)) {
        if (value !== undefined) Object.assign(room, { [key]: value });
      }
      if (type) {
        room.roomTypeCode = type.code;
        room.roomTypeLabel = type.label;
      }
      if (basePricePerNight) {
        assertCurrency(await manager.findOneByOrFail(Property, { id: room.propertyId }), basePricePerNight.currency);
        room.basePriceAmount = basePricePerNight.amount;
      }
      // Lowering maxGuests below includedGuests lowers includedGuests with it unless both were given.
      if (changes.maxGuests !== undefined && changes.includedGuests === undefined) {
        room.includedGuests = Math.min(room.includedGuests, room.maxGuests);
      }
      assertGuests(room);
      return manager.save(room);
    });
  }
}
