import { accountListResource } from './account-list-resource';

export const agentResource = accountListResource('agent', 'Get the agents of the account, with their IDs, roles and availability');
