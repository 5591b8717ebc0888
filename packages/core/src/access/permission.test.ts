import { describe, expect, it } from 'vitest';
import { PERMISSIONS, isPermission, levelFor, permits } from './permission.js';
import type { AccessAction } from './permission.js';

const ACTIONS: AccessAction[] = ['read', 'update', 'delete', 'manage'];

describe('permission levels', () => {
  it('allow what MLflow basic-auth allows', () => {
    const table = Object.fromEntries(
      PERMISSIONS.map((p) => [p, ACTIONS.filter((action) => permits(p, action))]),
    );
    expect(table).toEqual({
      READ: ['read'],
      EDIT: ['read', 'update'],
      MANAGE: ['read', 'update', 'delete', 'manage'],
      NO_PERMISSIONS: [],
    });
  });

  it('name the lowest level that allows an action', () => {
    for (const action of ACTIONS) {
      const level = levelFor(action);
      expect(permits(level, action)).toBe(true);
      const lower = PERMISSIONS.slice(0, PERMISSIONS.indexOf(level));
      expect(lower.some((p) => permits(p, action))).toBe(false);
    }
  });

  it('recognise only the four names', () => {
    expect(isPermission('EDIT')).toBe(true);
    expect(isPermission('edit')).toBe(false);
    expect(isPermission('ADMIN')).toBe(false);
  });
});
