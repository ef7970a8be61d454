import type { PageLoad } from './$types';
import { positionOf } from './position';

/**
 * Universal, so moving between questions in the browser asks the server nothing: the attempt
 * comes from the layout, loaded once, and the page's autosave keeps the answers current.
 */
export const load: PageLoad = async ({ params, parent }) => {
  const { attempt } = await parent();
  return { position: positionOf(params.position, attempt.items.length) };
};
