// Reference data many screens need (staff users, teams, categories, custom fields), loaded once
// per page load and shared; `invalidate` after an admin changes it.
import { useEffect, useState } from 'react';
import { api, query } from './api';
import type { Category, CustomField, ListOf, NetworkArea, Site, Team, User } from '../model/types';

// Every item of a paged directory list (`next_after` paging).
export async function loadAll<T extends { id: number }>(path: string, params: Record<string, string | number | boolean> = {}): Promise<T[]> {
  const out: T[] = [];
  let after: number | null | undefined = undefined;
  for (;;) {
    const page: ListOf<T> = await api.get<ListOf<T>>(path + query({ ...params, limit: 500, after }));
    out.push(...page.items);
    if (!page.next_after || page.items.length === 0) return out;
    after = page.next_after;
  }
}

const cache = new Map<string, Promise<unknown>>();

function memo<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));  // a failed load is retried next time
  }
  return p;
}

export function invalidate(...keys: Array<'users' | 'teams' | 'categories' | 'customFields'>) {
  if (keys.length === 0) cache.clear();
  for (const k of keys) cache.delete(k);
}

export const directory = {
  users: () => memo('users', () => loadAll<User>('/api/v1/users')),
  teams: () => memo('teams', () => api.get<ListOf<Team>>('/api/v1/teams').then((l) => l.items)),
  categories: () => memo('categories', () => api.get<ListOf<Category>>('/api/v1/categories').then((l) => l.items)),
  customFields: () => memo('customFields', () => api.get<ListOf<CustomField>>('/api/v1/custom-fields').then((l) => l.items)),
};

export interface Directory {
  failed: boolean;  // the reference data could not be loaded: names and choices are missing
  users: User[];
  teams: Team[];
  categories: Category[];
  customFields: CustomField[];
  userName: (id: number | string | null | undefined) => string;
  teamName: (id: number | string | null | undefined) => string;
  categoryName: (id: number | string | null | undefined) => string;
}

function byId<T extends { id: number }>(items: T[], label: (t: T) => string) {
  const map = new Map(items.map((i) => [i.id, label(i)]));
  return (id: number | string | null | undefined) => {
    if (id === null || id === undefined || id === '') return '';
    return map.get(Number(id)) ?? `#${id}`;
  };
}

export function makeDirectory(users: User[], teams: Team[], categories: Category[], customFields: CustomField[], failed = false): Directory {
  return {
    failed,
    users,
    teams,
    categories,
    customFields,
    userName: byId(users, (u) => u.name),
    teamName: byId(teams, (t) => t.name),
    categoryName: byId(categories, (c) => c.name),
  };
}

// Staff screens: the whole directory. Contacts get categories and custom fields only.
export function useDirectory(staff: boolean): Directory | null {
  const [dir, setDir] = useState<Directory | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([
      staff ? directory.users() : Promise.resolve([] as User[]),
      staff ? directory.teams() : Promise.resolve([] as Team[]),
      directory.categories(),
      directory.customFields(),
    ])
      .then(([u, t, c, f]) => live && setDir(makeDirectory(u, t, c, f)))
      .catch(() => live && setDir(makeDirectory([], [], [], [], true)));
    return () => {
      live = false;
    };
  }, [staff]);
  return dir;
}

export interface Places {
  sites: Site[];
  areas: NetworkArea[];
}

const places = new Map<number, Promise<Places>>();

// An organisation's sites and network areas (for ticket forms and for naming them in histories).
export function orgPlaces(orgId: number): Promise<Places> {
  let p = places.get(orgId);
  if (!p) {
    p = Promise.all([
      api.get<ListOf<Site>>(`/api/v1/organisations/${orgId}/sites`),
      api.get<ListOf<NetworkArea>>(`/api/v1/organisations/${orgId}/network-areas`),
    ]).then(([s, a]) => ({ sites: s.items, areas: a.items }));
    places.set(orgId, p);
    p.catch(() => places.delete(orgId));
  }
  return p;
}

export function invalidatePlaces(orgId: number) {
  places.delete(orgId);
}

export function useOrgPlaces(orgId: number | null | undefined): Places | null {
  const [value, setValue] = useState<Places | null>(null);
  useEffect(() => {
    setValue(null);
    if (!orgId) return;
    let live = true;
    orgPlaces(orgId)
      .then((p) => live && setValue(p))
      .catch(() => live && setValue({ sites: [], areas: [] }));
    return () => {
      live = false;
    };
  }, [orgId]);
  return value;
}
