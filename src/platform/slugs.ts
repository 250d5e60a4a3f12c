/** A URL-friendly slug from a display name: "Casa Olivo & Sons" → "casa-olivo-sons". */
export function slugify(name: string, fallbackPrefix = 'item'): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return slug.length >= 3 ? slug : `${fallbackPrefix}-${slug || 'x'}`;
}
