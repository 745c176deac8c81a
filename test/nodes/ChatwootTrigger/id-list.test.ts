import { parseIdList } from '../../../nodes/ChatwootTrigger/id-list';

describe('parseIdList: ids typed into a text field', () => {
	it.each([
		['', []],
		['3', [3]],
		['3, 5', [3, 5]],
		[' 3 ,5;7  9 ', [3, 5, 7, 9]],
		['5, 5, 3', [5, 3]],
		[4, [4]],
		[['1', 2], [1, 2]],
		[undefined, []],
	])('%j reads as %j', (value, ids) => {
		expect(parseIdList(value)).toEqual(ids);
	});

	it.each([['3, seven'], ['0'], ['-1'], ['1.5'], [0], [2.5], [{}], [true]])('%j is refused', (value) => {
		expect(parseIdList(value)).toBeUndefined();
	});
});
