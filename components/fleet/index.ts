/** Rotation fleets: one rotation function for many keys of one vendor. */
export { RotationFleet, ROTATION_FLEET_TYPE, fleetFunctionName } from "./rotationFleet";
export {
  RotationFleetDefaults,
  type RotatedApiKeyFleetArgs,
  type RotationFleetAlarmsArgs,
  type RotationFleetArgs,
} from "./rotationFleetArgs";
export { FleetMonitoring, FLEET_MONITORING_TYPE } from "./fleetMonitoring";
export { fleetMembershipGuardStatement } from "./fleetPolicy";
