import { Enquiry } from './enquiry.entity.js';

export { Enquiry };
/** Every entity of the enquiries module, for TypeOrmModule.forFeature and the data source. */
export const ENQUIRIES_ENTITIES = [Enquiry];
