import { accountListResource } from './account-list-resource';

export const inboxResource = accountListResource('inbox', 'Get the inboxes (channels) of the account, with their IDs');
