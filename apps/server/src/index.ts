export { loadConfig, REPO_ROOT, type ClockConfig, type LoadedConfig, type ServerConfig } from './config.ts';
export { campaignClock, firstPhaseStart, type CampaignClock } from './clock.ts';
export { publishExamples, type ExampleLog } from './examples.ts';
export { startServer, type RunningServer } from './server.ts';
