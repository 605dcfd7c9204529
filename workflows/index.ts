// The worker bundles workflows from this file: export every workflow function here, directly.
export { programWorkflow } from './program-workflow.js';
export { signInLinkWorkflow } from './sign-in-link-workflow.js';
export { masterplanCommitmentWorkflow } from './masterplan-commitment-workflow.js';
