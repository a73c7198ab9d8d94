import { starCase } from "./flows-star";

export default starCase("flows-star-poisson", 400, 1.25, 0.5);
