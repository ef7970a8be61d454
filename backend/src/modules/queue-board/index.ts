// The queue dashboard's face (API only): Bull Board for platform admins. Nothing else in this folder is imported from outside it.
export { QueueBoardModule } from './queue-board.module.js';
