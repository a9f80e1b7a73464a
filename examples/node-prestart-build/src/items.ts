export interface Item {
  id: number;
  name: string;
}

export function items(): Item[] {
  return [
    { id: 1, name: 'built once' },
    { id: 2, name: 'in the builder' },
  ];
}
