/** A row of the tutorial's `person` table. */
export interface Person {
  id: number;
  firstname: string;
  surname: string;
}

export type NewPerson = Omit<Person, 'id'>;
