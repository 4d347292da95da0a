import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { type AuthorisationWatch, watchAuthorisation } from '#use-cases/pensionsync-schemes';

export const handler = stepHandler((watch: AuthorisationWatch) => watchAuthorisation(watch, systemClock));
