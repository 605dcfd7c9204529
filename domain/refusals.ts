/**
 * Failure types of a refused request: thrown by an Update's validator, by the workflow when a
 * request can no longer be recorded, and by the activity that records an action when the roster
 * says the person may no longer take it. The API maps each to an HTTP status.
 */
export const refusalTypes = {
  notAllowed: 'NotAllowed', // 403
  wrongStage: 'WrongStage', // 409
  alreadyDecided: 'AlreadyDecided', // 409
  invalid: 'InvalidRequest', // 422
} as const;
export type RefusalType = (typeof refusalTypes)[keyof typeof refusalTypes];
