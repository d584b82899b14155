// The editor's one door to the graph ⇄ YAML projection (dsl/projection).
export {
  projectGraph,
  addStep,
  removeStep,
  renameStep,
  connect,
  disconnect,
  setConfig,
  uniqueStepId,
  canConnect,
  NEEDS_PORT,
  type PipelineGraph as Graph,
  type GraphNode,
  type GraphEdge,
  type Connection as PortConnection,
} from '../../dsl/projection';
