// The demo module's face: the demo people `npm start` creates. Nothing else in this folder is imported from outside it.
export { seedDemo, DEMO_ORGANISATION, type DemoAccount } from './demo-seed.js';
