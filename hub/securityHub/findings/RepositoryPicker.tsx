/** Chooses the repository a tab shows (optionally "All repositories"); the choice is in the URL. */
import * as React from 'react';
import { Dropdown } from 'azure-devops-ui/Dropdown';
import { DropdownSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import { findRepo, type RepoRef } from '../../shared/data/model';

export const ALL_REPOSITORIES = '__all__';

export function RepositoryPicker(props: { repos: RepoRef[]; value: string | undefined; allowAll: boolean; onChange: (repoId: string | undefined) => void }): JSX.Element {
  const items = React.useMemo(
    () => [...(props.allowAll ? [{ id: ALL_REPOSITORIES, text: 'All repositories', iconProps: { iconName: 'Repo' } }] : []), ...props.repos.map((r) => ({ id: r.id, text: r.name }))],
    [props.repos, props.allowAll],
  );
  const selection = React.useMemo(() => new DropdownSelection(), []);
  const selectedId = findRepo(props.repos, props.value)?.id ?? (props.allowAll ? ALL_REPOSITORIES : undefined);
  React.useEffect(() => {
    const index = items.findIndex((i) => i.id === selectedId);
    if (index >= 0) selection.select(index);
    else selection.clear();
  }, [items, selectedId, selection]);
  return (
    <Dropdown
      className="palisade-repo-picker"
      ariaLabel="Repository"
      placeholder="Choose a repository"
      items={items}
      selection={selection}
      showFilterBox={items.length > 10}
      onSelect={(_e, item) => props.onChange(item.id === ALL_REPOSITORIES ? undefined : item.id)}
    />
  );
}
