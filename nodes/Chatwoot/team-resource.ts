import { accountListResource } from './account-list-resource';

export const teamResource = accountListResource('team', 'Get the teams of the account, with their IDs, to assign conversations to');
