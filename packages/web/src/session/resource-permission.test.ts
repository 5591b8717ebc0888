import { describe, expect, it } from 'vitest';
import type { UserPermissions } from '@slipway/sdk';
import { levelOn, refusalOf } from './resource-permission.js';

const ANSWER: UserPermissions = {
  defaultPermission: 'READ',
  permissions: [
    { resourceType: 'registered_model', resourceId: 'fraud', username: 'ada', permission: 'EDIT' },
    {
      resourceType: 'deployment',
      resourceId: 'scorer',
      username: 'ada',
      permission: 'NO_PERMISSIONS',
    },
  ],
};

describe('levelOn', () => {
  it("takes the caller's explicit grant on the resource", () => {
    expect(levelOn(ANSWER, 'registered_model', 'fraud')).toBe('EDIT');
    expect(levelOn(ANSWER, 'deployment', 'scorer')).toBe('NO_PERMISSIONS');
  });

  it("falls back to the server's default for another resource, or the same name of another type", () => {
    expect(levelOn(ANSWER, 'registered_model', 'churn')).toBe('READ');
    expect(levelOn(ANSWER, 'deployment', 'fraud')).toBe('READ');
    expect(levelOn(ANSWER, 'registered_model', 'scorer')).toBe('READ');
  });
});

describe('refusalOf', () => {
  it('says which level is needed and which the caller has, naming the resource as the page does', () => {
    expect(refusalOf('READ', 'registered_model', 'update')).toBe(
      'Needs EDIT on this model; you have READ.',
    );
    expect(refusalOf('EDIT', 'registered_model', 'delete')).toBe(
      'Needs MANAGE on this model; you have EDIT.',
    );
    expect(refusalOf('NO_PERMISSIONS', 'deployment', 'read')).toBe(
      'Needs READ on this deployment; you have NO_PERMISSIONS.',
    );
  });

  it('does not refuse what the level allows, nor while the level is unknown', () => {
    expect(refusalOf('EDIT', 'deployment', 'update')).toBeUndefined();
    expect(refusalOf('MANAGE', 'registered_model', 'manage')).toBeUndefined();
    expect(refusalOf(undefined, 'deployment', 'delete')).toBeUndefined();
  });
});
