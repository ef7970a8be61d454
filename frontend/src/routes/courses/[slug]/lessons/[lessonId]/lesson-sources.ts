/** A lesson's sources grouped by publication: each publication once, its passages under it, in the order the lesson cites them. */
export interface SourceGroup<P extends { slug: string }> {
  publication: P;
  passages: string[];
}

export function groupSources<P extends { slug: string }>(sources: readonly { publication: P; passage: string }[]): SourceGroup<P>[] {
  const groups = new Map<string, SourceGroup<P>>();
  for (const { publication, passage } of sources) {
    const group = groups.get(publication.slug);
    if (!group) groups.set(publication.slug, { publication, passages: [passage] });
    // The same passage cited twice says nothing new.
    else if (!group.passages.includes(passage)) group.passages.push(passage);
  }
  return [...groups.values()];
}
