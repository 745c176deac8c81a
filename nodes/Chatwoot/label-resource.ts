import { accountListResource } from './account-list-resource';

export const labelResource = accountListResource('label', 'Get the labels defined in the account, with their titles and colors');
