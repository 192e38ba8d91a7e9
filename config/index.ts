/** Configuration: the environment contract, derived names and the validated Config. No cdktf. */
export * from './cluster-access';
export * from './config';
export * from './names';
export * from './schema';
export * from './state';
