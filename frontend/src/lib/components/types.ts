import type { Snippet } from 'svelte';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md' | 'lg';

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

export type HeadingLevel = 2 | 3 | 4 | 5 | 6;

export interface NavLink {
  href: string;
  label: string;
}

/** The signed-in person as the header shows them. */
export interface HeaderUser {
  displayName: string;
}

export interface FieldError {
  /** The id of the control the message belongs to; the summary links to `#<field>`. */
  field: string;
  message: string;
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface DataTableColumn<T> {
  key: string;
  header: string;
  align?: 'start' | 'center' | 'end';
  /** Marks this column's cells as row headers (`<th scope="row">`). */
  rowHeader?: boolean;
  cell?: Snippet<[T]>;
}
