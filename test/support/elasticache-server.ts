import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User, UserGroup } from '@aws-sdk/client-elasticache';
import { LoopbackServer, readBody } from './loopback';
import { xmlEscape } from './xml-text';

/*
 * A local ElastiCache: users and user groups (CacheUsers), and the awsQuery endpoint serving them to a real
 * ElastiCacheClient (ElastiCacheServer: form-encoded POST, XML answer, version 2015-02-02). It answers DescribeUsers,
 * ModifyUser and DescribeUserGroups as the API reference documents them, errors included (UserNotFound,
 * UserGroupNotFound 404; InvalidUserState, InvalidParameterValue, InvalidParameterCombination 400), and refuses any
 * other action. As on AWS, a change takes a while: ModifyUser leaves the user and its user groups `modifying` for
 * `modifyingReads` reads of each, and the caches take the new passwords when the user is `active` again.
 */

export const ELASTICACHE_API_VERSION = '2015-02-02';
const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

export type CacheAuthentication = 'password' | 'no-password' | 'iam';

/** An AWS error as the API answers it: its code, HTTP status and message. */
export type CacheFault = { readonly code: string; readonly status: number; readonly message: string };

/** One request, as the local ElastiCache read it. */
export type CacheCall = { readonly action: string; readonly input: CacheInput };
type CacheInput = { readonly UserId?: string; readonly UserGroupId?: string; readonly Passwords?: string[] };

interface StoredUser {
  readonly userId: string;
  authentication: CacheAuthentication;
  status: 'active' | 'modifying' | 'deleting';
  /** The passwords the caches accept. */
  passwords: string[];
  /** The passwords of a ModifyUser ElastiCache is applying, and how many reads of the user it still takes. */
  change?: { readonly passwords: string[]; readsLeft: number };
  readonly userGroupIds: string[];
}

interface StoredGroup {
  readonly userGroupId: string;
  status: 'creating' | 'active' | 'modifying' | 'deleting';
  readsLeft: number;
  readonly userIds: string[];
}

const fault = (code: string, status: number, message: string): CacheFault => ({ code, status, message });

/** ElastiCache's users and user groups, as its API reads and changes them. */
export class CacheUsers {
  readonly calls: CacheCall[] = [];
  /** How many reads a ModifyUser keeps the user and its groups `modifying`; 0 applies it at once. */
  modifyingReads = 2;
  /** An error to answer an action with instead (AccessDenied, throttling). */
  failing?: (action: string) => CacheFault | undefined;
  private readonly users = new Map<string, StoredUser>();
  private readonly groups = new Map<string, StoredGroup>();

  /** A user in `userGroupId` (made when new), active, holding `passwords`. */
  addUser(
    userId: string,
    options: { userGroupId?: string; passwords?: string[]; authentication?: CacheAuthentication },
  ): void {
    const userGroupIds = options.userGroupId === undefined ? [] : [options.userGroupId];
    this.users.set(userId, {
      userId,
      authentication: options.authentication ?? 'password',
      status: 'active',
      passwords: options.passwords ?? [],
      userGroupIds,
    });
    for (const id of userGroupIds) {
      const group = this.groups.get(id) ?? { userGroupId: id, status: 'active', readsLeft: 0, userIds: [] };
      group.userIds.push(userId);
      this.groups.set(id, group);
    }
  }

  /** Makes a user `modifying` (a change someone else started) for `reads` reads, or `deleting`. */
  setUserStatus(userId: string, status: 'modifying' | 'deleting', reads = this.modifyingReads): void {
    const user = this.stored(this.users, userId);
    user.status = status;
    if (status === 'modifying') user.change = { passwords: user.passwords, readsLeft: reads };
  }

  /** Makes a user group `modifying` for `reads` reads of it (or another status for good). */
  setGroupStatus(userGroupId: string, status: StoredGroup['status'], reads = this.modifyingReads): void {
    Object.assign(this.stored(this.groups, userGroupId), { status, readsLeft: status === 'modifying' ? reads : 0 });
  }

  /** Whether the caches let `userId` in with `password` (AUTH), as they have applied its passwords. */
  accepts(userId: string, password: string): boolean {
    const user = this.users.get(userId);
    return user !== undefined && user.authentication === 'password' && user.passwords.includes(password);
  }

  callsOf(action: string): CacheInput[] {
    return this.calls.filter((c) => c.action === action).map((c) => c.input);
  }

  /** What `action` answers to `input`: a result, or an AWS error. */
  answer(action: string, input: CacheInput): { Users: User[] } | User | { UserGroups: UserGroup[] } | CacheFault {
    this.calls.push({ action, input });
    const failure = this.failing?.(action);
    if (failure) return failure;
    if (action === 'DescribeUsers') return this.describeUsers(input.UserId);
    if (action === 'ModifyUser') return this.modifyUser(input.UserId ?? '', input.Passwords);
    if (action === 'DescribeUserGroups') return this.describeUserGroups(input.UserGroupId);
    return fault('InvalidAction', 400, `the local ElastiCache does not answer ${action}`);
  }

  private describeUsers(userId: string | undefined): { Users: User[] } | CacheFault {
    if (userId !== undefined && !this.users.has(userId)) return fault('UserNotFound', 404, `User ${userId} not found.`);
    const users = [...this.users.values()].filter((u) => userId === undefined || u.userId === userId);
    users.forEach((user) => this.advanceUser(user));
    return { Users: users.map(userShape) };
  }

  private modifyUser(userId: string, passwords: string[] | undefined): User | CacheFault {
    const user = this.users.get(userId);
    if (!user) return fault('UserNotFound', 404, `User ${userId} not found.`);
    if (user.status !== 'active') return fault('InvalidUserState', 400, 'The user is not in active state.');
    if (!passwords || passwords.length > 2 || passwords.some((p) => p.length < 16 || p.length > 128)) {
      return fault('InvalidParameterValue', 400, 'Passwords: one or two, each of 16 to 128 characters.');
    }
    if (user.authentication !== 'password') {
      return fault('InvalidParameterCombination', 400, `User ${userId} does not authenticate by password.`);
    }
    user.change = { passwords: [...passwords], readsLeft: this.modifyingReads };
    user.status = 'modifying';
    for (const id of user.userGroupIds) this.setGroupStatus(id, 'modifying');
    if (this.modifyingReads === 0) this.advanceUser(user);
    return userShape(user);
  }

  private describeUserGroups(userGroupId: string | undefined): { UserGroups: UserGroup[] } | CacheFault {
    if (userGroupId !== undefined && !this.groups.has(userGroupId)) {
      return fault('UserGroupNotFound', 404, `User group ${userGroupId} not found.`);
    }
    const groups = [...this.groups.values()].filter((g) => userGroupId === undefined || g.userGroupId === userGroupId);
    for (const group of groups) {
      group.readsLeft = Math.max(0, group.readsLeft - 1);
      if (group.status === 'modifying' && group.readsLeft === 0) group.status = 'active';
    }
    return { UserGroups: groups.map(groupShape) };
  }

  private stored<T>(from: Map<string, T>, id: string): T {
    const found = from.get(id);
    if (found === undefined) throw new Error(`the local ElastiCache holds no ${id}`);
    return found;
  }

  /** One read of a user under change: the last one applies its passwords and makes it active. */
  private advanceUser(user: StoredUser): void {
    if (!user.change) return;
    user.change.readsLeft = Math.max(0, user.change.readsLeft - 1);
    if (user.change.readsLeft > 0) return;
    user.passwords = user.change.passwords;
    user.change = undefined;
    if (user.status === 'modifying') user.status = 'active';
  }
}

function userShape(user: StoredUser): User {
  return {
    UserId: user.userId,
    UserName: 'default',
    Status: user.status,
    Engine: 'valkey',
    MinimumEngineVersion: '7.2',
    AccessString: 'on ~* +@all',
    UserGroupIds: [...user.userGroupIds],
    Authentication: {
      Type: user.authentication,
      ...(user.authentication === 'password' ? { PasswordCount: user.passwords.length } : {}),
    },
    ARN: `arn:aws:elasticache:${REGION}:${ACCOUNT}:user:${user.userId}`,
  };
}

function groupShape(group: StoredGroup): UserGroup {
  return {
    UserGroupId: group.userGroupId,
    Status: group.status,
    Engine: 'valkey',
    UserIds: [...group.userIds],
    MinimumEngineVersion: '7.2',
    ReplicationGroups: [`${group.userGroupId}-cache`],
    ARN: `arn:aws:elasticache:${REGION}:${ACCOUNT}:usergroup:${group.userGroupId}`,
  };
}

/** The local ElastiCache endpoint over `users`: awsQuery requests in, XML out. */
export class ElastiCacheServer extends LoopbackServer {
  private constructor(readonly users: CacheUsers) {
    super();
  }

  static async start(users: CacheUsers = new CacheUsers()): Promise<ElastiCacheServer> {
    return new ElastiCacheServer(users).listen();
  }

  /** The settings of a real client of this endpoint, with dummy credentials and one attempt a call. */
  get clientConfig() {
    const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
    return { region: REGION, endpoint: this.url, credentials, maxAttempts: 1 };
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void this.reply(req).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(body);
    });
  }

  private async reply(req: IncomingMessage): Promise<{ status: number; body: string }> {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const action = form.get('Action') ?? '';
    if (req.method !== 'POST' || form.get('Version') !== ELASTICACHE_API_VERSION) {
      return errorReply(fault('InvalidAction', 400, `not an ElastiCache ${ELASTICACHE_API_VERSION} request`));
    }
    const passwords = [...form.keys()].filter((k) => /^Passwords\.member\.\d+$/.test(k)).sort(byMember);
    const field = (name: string) => form.get(name) ?? undefined;
    const input = {
      UserId: field('UserId'),
      UserGroupId: field('UserGroupId'),
      Passwords: passwords.length > 0 ? passwords.map((k) => String(form.get(k))) : undefined,
    };
    const answer = this.users.answer(action, input);
    if ('code' in answer) return errorReply(answer);
    return {
      status: 200,
      body: `<${action}Response xmlns="${NS}"><${action}Result>${xml(answer)}</${action}Result><ResponseMetadata><RequestId>local-1</RequestId></ResponseMetadata></${action}Response>`,
    };
  }
}

const NS = `http://elasticache.amazonaws.com/doc/${ELASTICACHE_API_VERSION}/`;

const byMember = (a: string, b: string) => Number(a.split('.').pop()) - Number(b.split('.').pop());

/** A result as awsQuery writes it: a structure's fields as elements, a list's items as `<member>`s. */
function xml(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => `<member>${xml(item)}</member>`).join('');
  if (typeof value !== 'object' || value === null) return xmlEscape(String(value));
  return Object.entries(value)
    .filter(([, field]) => field !== undefined)
    .map(([name, field]) => `<${name}>${xml(field)}</${name}>`)
    .join('');
}

function errorReply({ code, status, message }: CacheFault): { status: number; body: string } {
  return {
    status,
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>local-1</RequestId></ErrorResponse>`,
  };
}
