import type { SectorPack } from '../sector-pack.ts';

export const santePack: SectorPack = { name: 'sante', description: { en: 'sante', fr: 'sante' } };
