import type { CouncilConfig, CouncilPresetConfig } from '../../config/sections/council.js';

/** Built-in presets; `council.presets` in config adds more or replaces these by name. */
export const BUILTIN_COUNCIL_PRESETS: Readonly<Record<string, CouncilPresetConfig>> = {
  default: {
    description: 'Broad council: strategy, system design, ethics and first principles',
    agents: ['strategist', 'architect', 'ethicist', 'philosopher'],
  },
  product: {
    description: 'Product council: strategist, engineer and designer',
    agents: ['strategist', 'engineer', 'designer'],
  },
};

/** Every preset by name: built-ins first, then config (config wins on the same name). */
export function councilPresets(config: CouncilConfig): Record<string, CouncilPresetConfig> {
  return { ...BUILTIN_COUNCIL_PRESETS, ...config.presets };
}
