import {
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
  ElastiCacheClient,
  ElastiCacheServiceException,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidUserStateFault,
  ModifyUserCommand,
  UserGroupNotFoundFault,
  UserNotFoundFault,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { CacheUsers, type CacheCall, type CacheFault } from '../../support/elasticache-server';

/*
 * ElastiCache in memory, for the unit tests that must not start a server: a real ElastiCacheClient whose `send`
 * (aws-sdk-client-mock) answers from the same users and user groups (CacheUsers) the local ElastiCache endpoint
 * serves over HTTP, with the exceptions the SDK makes of that endpoint's errors.
 */

const FAULTS: Readonly<Record<string, new (options: { message: string; $metadata: object }) => Error>> = {
  UserNotFound: UserNotFoundFault,
  UserGroupNotFound: UserGroupNotFoundFault,
  InvalidUserState: InvalidUserStateFault,
  InvalidParameterValue: InvalidParameterValueException,
  InvalidParameterCombination: InvalidParameterCombinationException,
};

function exception({ code, message, status }: CacheFault): Error {
  const known = FAULTS[code];
  if (known) return new known({ message, $metadata: { httpStatusCode: status } });
  return new ElastiCacheServiceException({
    name: code,
    $fault: 'client',
    message,
    $metadata: { httpStatusCode: status },
  });
}

/** A real client answered from `users`. */
export function fakeElastiCache(users: CacheUsers = new CacheUsers()): {
  users: CacheUsers;
  client: ElastiCacheClient;
} {
  const client = new ElastiCacheClient({ region: 'eu-west-1' });
  const mock = mockClient(client);
  const answer = (action: string, input: CacheCall['input']) => {
    const answered = users.answer(action, input);
    if ('code' in answered) throw exception(answered);
    return answered;
  };
  mock.on(DescribeUsersCommand).callsFake(({ UserId }) => answer('DescribeUsers', { UserId }));
  mock.on(ModifyUserCommand).callsFake(({ UserId, Passwords }) => answer('ModifyUser', { UserId, Passwords }));
  mock.on(DescribeUserGroupsCommand).callsFake(({ UserGroupId }) => answer('DescribeUserGroups', { UserGroupId }));
  return { users, client };
}
