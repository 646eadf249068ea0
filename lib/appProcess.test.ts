import { LISTENING_MESSAGE, listeningPort } from './appProcess';

describe('listeningPort', () => {
  it("finds the port in the app's listening line", () => {
    expect(listeningPort(`{"level":30,"port":41873,"strategy":"pool","msg":"${LISTENING_MESSAGE}"}`)).toBe(41873);
  });

  it('ignores a line cut in the middle, and other lines', () => {
    expect(listeningPort('{"level":30,"port":418')).toBeUndefined();
    expect(listeningPort(`{"level":30,"port":4, "msg":"${LISTENING_MESSAGE}`)).toBeUndefined();
    expect(listeningPort('{"level":50,"msg":"request failed"}')).toBeUndefined();
    expect(listeningPort(`{"level":30,"msg":"not ${LISTENING_MESSAGE}","port":1}`)).toBeUndefined();
  });
});
