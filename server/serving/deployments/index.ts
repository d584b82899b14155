// The deployment follower of predict servers: what each endpoint serves, kept current (./follow.ts).
export { followDeployments, type DeploymentFollower, type EndpointState, type FollowOptions, type OnDeploymentChange } from './follow';
