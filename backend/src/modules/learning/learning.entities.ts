import { Enrolment } from './enrolment.entity.js';

export { Enrolment };
/** Every entity of the learning module, for TypeOrmModule.forFeature and the data source. */
export const LEARNING_ENTITIES = [Enrolment];
