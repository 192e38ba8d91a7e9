/**
 * The catalog: Kaito release trains, model presets, Azure GPU sizes and the rules that pick among
 * them. Plain data and pure functions, no cdktf.
 */
export * from './ai-service';
export * from './fit';
export * from './gpu-skus';
export * from './install-modes';
export * from './lookup';
export * from './presets';
export * from './prices';
export * from './release-trains';
export * from './dated';
export * from './kubernetes-versions';
export * from './addon-release';
