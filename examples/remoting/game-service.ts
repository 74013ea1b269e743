// A complete example remoting back end for a Flash game: public high scores, a typed player class, a call that
// faults, login-protected admin calls and a per-session shopping cart.
// Run it with: node --import tsx examples/remoting/server.ts   (in your own project: import from 'flashback/remoting')
import { ClassRegistry, createClassRegistry } from '../../src/amf/index.js';
import { Gateway, RemotingFault, type CallContext } from '../../src/remoting/index.js';

/** Arrives in ActionScript as com.example.game.Player (registerClassAlias("com.example.game.Player", Player)). */
export class Player {
  name = '';
  level = 1;
  joined = new Date(0);
}

interface Score {
  player: string;
  points: number;
}

export class ScoreService {
  readonly #scores: Score[] = [
    { player: 'ada', points: 1200 },
    { player: 'grace', points: 950 },
  ];

  /** ScoreService.top(count) → [{player, points}, …] */
  top(count: number): Score[] {
    return [...this.#scores].sort((a, b) => b.points - a.points).slice(0, count);
  }

  /** ScoreService.submit(player, points) → new rank; refuses negative scores with a fault the SWF can show. */
  submit(player: string, points: number): number {
    if (points < 0) throw new RemotingFault('Game.BadScore', 'A score cannot be negative', `got ${points}`);
    this.#scores.push({ player, points });
    return this.top(this.#scores.length).findIndex((s) => s.player === player && s.points === points) + 1;
  }

  /** ScoreService.player(name) → a typed Player object. */
  async player(name: string): Promise<Player> {
    const p = new Player();
    p.name = name;
    p.level = 7;
    p.joined = new Date(Date.UTC(2009, 0, 15));
    return p;
  }

  /** Only for logged-in admins (see access rules below). */
  reset(): boolean {
    this.#scores.length = 0;
    return true;
  }
}

/** Session data: the first call starts a session; cookie-less clients keep it via AppendToGatewayUrl. */
export const CartService = {
  add(ctx: CallContext, item: string): string[] {
    const session = ctx.session(true)!;
    const items = (session.data.get('items') as string[] | undefined) ?? [];
    items.push(item);
    session.data.set('items', items);
    return items;
  },
};

export function createGameGateway(options: { debug?: boolean } = {}): Gateway {
  const classRegistry: ClassRegistry = createClassRegistry();
  classRegistry.registerClass('com.example.game.Player', Player);
  const gateway = new Gateway({
    debug: options.debug ?? false,
    classRegistry,
    // One hook for the Credentials header (AS2/AS3 NetConnection) and Flex ChannelSet.login.
    authenticate: (user, password) => (user === 'admin' && password === 'secret' ? { roles: ['admin'] } : false),
    logger: { info: (fields) => console.log(JSON.stringify(fields)) },
  });
  gateway.addService('ScoreService', new ScoreService(), {
    methods: ['top', 'submit', 'player', 'reset'],
    argTypes: { top: ['int'], submit: ['string', 'number'], player: ['string'] },
    methodAccess: { reset: { roles: ['admin'] } },
  });
  gateway.addService('CartService', CartService, { withContext: true });
  return gateway;
}
