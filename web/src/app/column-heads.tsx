import { Table } from '@mantine/core';

/**
 * A table's header row: one column head a name. `actions` adds a last column for the rows' buttons, named
 * for screen readers only.
 */
export function ColumnHeads({ columns, actions = false }: { columns: readonly string[]; actions?: boolean }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((name) => (
          <Table.Th key={name} scope="col">
            {name}
          </Table.Th>
        ))}
        {actions && (
          <Table.Th scope="col">
            <span className="visually-hidden">Actions</span>
          </Table.Th>
        )}
      </Table.Tr>
    </Table.Thead>
  );
}
