import type { SectorPack } from '../sector-pack.ts';

export const ecommercePack: SectorPack = { name: 'ecommerce', description: { en: 'ecommerce', fr: 'ecommerce' } };
