import { z } from 'zod';
import { PERMISSIONS } from '../access/permission.js';
import { pageQueryShape, timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const permissionSchema = z
  .enum(PERMISSIONS)
  .describe('READ reads; EDIT also changes; MANAGE also deletes and grants; NO_PERMISSIONS none.');

export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    isAdmin: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(contractRegistry, { id: 'User' });

export const callerSchema = z
  .object({
    username: z.string(),
    isAdmin: z.boolean(),
    via: z.enum(['password', 'token', 'none', 'system']),
    tokenId: z.string().optional(),
    authEnabled: z.boolean().describe('Whether the server requires credentials.'),
  })
  .register(contractRegistry, { id: 'Caller', description: 'Who the server takes you for.' });

export const tokenSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    createdAt: timestampSchema,
    expiresAt: timestampSchema.optional(),
    revokedAt: timestampSchema.optional(),
  })
  .register(contractRegistry, { id: 'ApiToken' });

export const permissionGrantSchema = z
  .object({
    resourceType: z.enum(['experiment', 'registered_model', 'deployment', 'dataset', 'pipeline']),
    resourceId: z.string(),
    username: z.string(),
    permission: permissionSchema,
  })
  .register(contractRegistry, { id: 'PermissionGrant' });

const usernameSchema = z
  .string()
  .describe('1-256 letters, digits and . _ @ + - (no spaces, no colon).');

export const createUserBodySchema = z
  .object({
    username: usernameSchema,
    password: z.string().describe('At least 12 characters.'),
    isAdmin: z.boolean().optional(),
  })
  .register(contractRegistry, { id: 'CreateUserRequest' });

export const updateUserBodySchema = z
  .object({
    password: z.string().optional().describe("A new password (yours, or anyone's as an admin)."),
    isAdmin: z.boolean().optional().describe('Admins only.'),
  })
  .refine((body) => body.password !== undefined || body.isAdmin !== undefined, {
    message: "Set 'password', 'isAdmin' or both.",
  })
  .register(contractRegistry, { id: 'UpdateUserRequest' });

export const createTokenBodySchema = z
  .object({
    name: z.string().describe('What the token is for, e.g. "ci".'),
    expiresInDays: z
      .number()
      .positive()
      .max(3650)
      .optional()
      .describe('Days until the token stops working; absent: it never expires.'),
    username: z
      .string()
      .optional()
      .describe('Admins may create a token for another user; default: you.'),
  })
  .register(contractRegistry, { id: 'CreateTokenRequest' });

export const createdTokenSchema = z
  .object({
    token: tokenSchema,
    secret: z.string().describe('The bearer token. Shown once: only its hash is stored.'),
  })
  .register(contractRegistry, { id: 'CreatedToken' });

export const setPermissionBodySchema = z
  .object({ permission: permissionSchema })
  .register(contractRegistry, { id: 'SetPermissionRequest' });

const userParams = z.object({ username: z.string().min(1) });
const GROUP = 'access';

const whoAmIResponseSchema = z
  .object({ caller: callerSchema })
  .register(contractRegistry, { id: 'WhoAmIResponse' });
const userResponseSchema = z
  .object({ user: userSchema })
  .register(contractRegistry, { id: 'UserResponse' });
const listUsersResponseSchema = z
  .object({ users: z.array(userSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'ListUsersResponse' });
const userPermissionsResponseSchema = z
  .object({ permissions: z.array(permissionGrantSchema), defaultPermission: permissionSchema })
  .register(contractRegistry, { id: 'UserPermissionsResponse' });
const listTokensResponseSchema = z
  .object({ tokens: z.array(tokenSchema) })
  .register(contractRegistry, { id: 'ListTokensResponse' });

export const accessRoutes = {
  whoAmI: defineRoute({
    operationId: 'whoAmI',
    method: 'GET',
    path: '/api/v1/auth/whoami',
    group: GROUP,
    summary: 'Who the server takes the caller for',
    status: 200,
    response: whoAmIResponseSchema,
  }),
  createUser: defineRoute({
    operationId: 'createUser',
    method: 'POST',
    path: '/api/v1/users',
    group: GROUP,
    summary: 'Create a user (admins only)',
    body: createUserBodySchema,
    status: 201,
    response: userResponseSchema,
  }),
  listUsers: defineRoute({
    operationId: 'listUsers',
    method: 'GET',
    path: '/api/v1/users',
    group: GROUP,
    summary: 'List users (admins only)',
    query: z.object({ ...pageQueryShape }),
    status: 200,
    response: listUsersResponseSchema,
  }),
  getUser: defineRoute({
    operationId: 'getUser',
    method: 'GET',
    path: '/api/v1/users/{username}',
    group: GROUP,
    summary: 'Get a user (yourself, or anyone as an admin)',
    params: userParams,
    status: 200,
    response: userResponseSchema,
  }),
  updateUser: defineRoute({
    operationId: 'updateUser',
    method: 'PATCH',
    path: '/api/v1/users/{username}',
    group: GROUP,
    summary: 'Change a password or the admin flag',
    params: userParams,
    body: updateUserBodySchema,
    status: 200,
    response: userResponseSchema,
  }),
  deleteUser: defineRoute({
    operationId: 'deleteUser',
    method: 'DELETE',
    path: '/api/v1/users/{username}',
    group: GROUP,
    summary: 'Delete a user with its tokens and permissions (admins only)',
    params: userParams,
    status: 204,
  }),
  listUserPermissions: defineRoute({
    operationId: 'listUserPermissions',
    method: 'GET',
    path: '/api/v1/users/{username}/permissions',
    group: GROUP,
    summary: "A user's explicit permissions (yourself, or anyone as an admin)",
    params: userParams,
    status: 200,
    response: userPermissionsResponseSchema,
  }),
  createToken: defineRoute({
    operationId: 'createToken',
    method: 'POST',
    path: '/api/v1/tokens',
    group: GROUP,
    summary: 'Create an API token; its secret is in this response only',
    body: createTokenBodySchema,
    status: 201,
    response: createdTokenSchema,
  }),
  listTokens: defineRoute({
    operationId: 'listTokens',
    method: 'GET',
    path: '/api/v1/tokens',
    group: GROUP,
    summary: "List API tokens (yours, or a user's as an admin)",
    query: z.object({ username: z.string().optional() }),
    status: 200,
    response: listTokensResponseSchema,
  }),
  revokeToken: defineRoute({
    operationId: 'revokeToken',
    method: 'DELETE',
    path: '/api/v1/tokens/{tokenId}',
    group: GROUP,
    summary: "Revoke an API token (yours, or anyone's as an admin)",
    params: z.object({ tokenId: z.string().min(1) }),
    status: 204,
  }),
};
