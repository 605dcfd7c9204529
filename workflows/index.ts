// The worker bundles workflows from this file: export every workflow function here, directly.
export { programWorkflow } from './program-workflow.js';
