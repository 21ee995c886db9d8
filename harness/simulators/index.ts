import { startCloudflareSimulator } from "./cloudflare/cloudflareSimulator";
import { startDatadogSimulator } from "./datadog/datadogSimulator";
import { startGitLabSimulator } from "./gitlab/gitLabSimulator";
import {
  startHttpDatadogSimulator,
  startHttpOpenAiSimulator,
  startHttpSendGridSimulator,
} from "./http/configuredSimulators";
import { startNylasVendorSimulator } from "./nylas/nylasVendorSimulator";
import { startOpenAiSimulator } from "./openai/openAiSimulator";
import { startSendGridSimulator } from "./sendgrid/sendgridSimulator";
import { startTwilioSimulator } from "./twilio/twilioSimulator";
import type { VendorSimulatorFactory } from "./vendorSimulator";

/**
 * One simulator per vendor adapter, keyed by `ROTATION_VENDOR`. The scenario
 * suite runs every rotation scenario against each of them.
 */
export const SIMULATORS: Record<string, VendorSimulatorFactory> = {
  cloudflare: startCloudflareSimulator,
  datadog: startDatadogSimulator,
  nylas: startNylasVendorSimulator,
  openai: startOpenAiSimulator,
  gitlab: startGitLabSimulator,
  "http-sendgrid": startHttpSendGridSimulator,
  "http-datadog": startHttpDatadogSimulator,
  "http-openai": startHttpOpenAiSimulator,
  twilio: startTwilioSimulator,
  sendgrid: startSendGridSimulator,
};

export const SIMULATED_VENDORS = Object.keys(SIMULATORS);
