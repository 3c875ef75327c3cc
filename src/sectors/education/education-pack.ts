import type { SectorPack } from '../sector-pack.ts';

export const educationPack: SectorPack = { name: 'education', description: { en: 'education', fr: 'education' } };
