export { createApp, CART_BODY_LIMIT, PLAY_BODY_LIMIT, PUBLISH_BODY_LIMIT, type AppOptions, type AppType } from './app.ts';
export { createClient, isProblem, type ClientOptions, type TypedProblem } from './client.ts';
export { PlayerTokens, type PlayerIdentity } from './auth.ts';
export { FAILURE_CODES, problemDocument, problemType, statusOf, PROBLEM_MEDIA_TYPE, type ApiFailure, type Failure, type FailureCode, type ProblemDocument } from './problem.ts';
