import { Publication, PublicationFigure } from './publication.entity.js';

export * from './publication.entity.js';
/** Every entity of the library, for TypeOrmModule.forFeature and the data source. */
export const LIBRARY_ENTITIES = [Publication, PublicationFigure];
