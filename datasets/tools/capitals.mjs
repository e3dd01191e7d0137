// The list lives with the simulator, which answers from it; build the backend (npm run build) before generating.
export { WORLD_CAPITALS as CAPITALS } from '../../backend/dist/providers/simulator/simulator.capitals.js';
