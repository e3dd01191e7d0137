import type { CatalogueModel } from './catalogue-model.entity.js';
import type { ModelDto } from './provider.dto.js';

/** A catalogue row as clients and the gateway see it: addressed as `<provider>/<model>`, prices as numbers. */
export function toModelDto(provider: string, m: CatalogueModel): ModelDto {
  return {
    id: `${provider}/${m.model}`,
    provider,
    model: m.model,
    inputPricePerM: m.inputPricePerM === null ? null : Number(m.inputPricePerM),
    outputPricePerM: m.outputPricePerM === null ? null : Number(m.outputPricePerM),
    contextWindow: m.contextWindow,
    capabilities: m.capabilities,
    simulated: m.simulated,
  };
}
