/** Configuration: the environment contract, derived names and the validated Config. No cdktf. */
export * from './azure';
export * from './cluster-access';
export * from './config';
export * from './names';
export * from './namespaces';
export * from './openai';
export * from './schema';
export * from './state';
export * from './suggest';
