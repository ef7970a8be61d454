// The enquiries module's face. Nothing else in this folder is imported from outside it.
export { EnquiriesModule } from './enquiries.module.js';
