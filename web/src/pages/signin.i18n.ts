import { defineMessages } from '../app/i18n';

export default defineMessages({
  en: {
    title: 'Sign in to farol',
    intro: 'Staff and customers sign in here with their e-mail address.',
    email: 'E-mail address',
    password: 'Password',
    submit: 'Sign in',
    signingIn: 'Signing in…',
  },
  'pt-BR': {
    title: 'Entrar no farol',
    intro: 'Equipe e clientes entram aqui com o seu endereço de e-mail.',
    email: 'Endereço de e-mail',
    password: 'Senha',
    submit: 'Entrar',
    signingIn: 'Entrando…',
  },
});
