import { defineMessages } from '../../app/i18n';

export default defineMessages({
  en: {
    intro: 'A ticket’s priority follows from its impact (how much of the customer’s business is affected) and its urgency (how soon it hurts), unless someone sets it by hand with a reason.',
    caption: 'Priority by impact and urgency',
    impactUrgency: 'Impact \\ urgency',
    urgency: 'Urgency {level}',
    impact: 'Impact {level}',
    cell: 'Priority for impact {impact} and urgency {urgency}',
    appliesTo: 'Saving applies to tickets opened from now on and to later changes of impact or urgency; priorities already set are kept.',
    saved: 'The priority matrix was saved.',
  },
  'pt-BR': {
    intro: 'A prioridade de um chamado decorre do impacto (quanto do negócio do cliente é afetado) e da urgência (em quanto tempo o problema pesa), a menos que alguém a defina manualmente com uma justificativa.',
    caption: 'Prioridade por impacto e urgência',
    impactUrgency: 'Impacto \\ urgência',
    urgency: 'Urgência {level}',
    impact: 'Impacto {level}',
    cell: 'Prioridade para impacto {impact} e urgência {urgency}',
    appliesTo: 'Salvar vale para chamados abertos daqui em diante e para mudanças posteriores de impacto ou urgência; prioridades já definidas são mantidas.',
    saved: 'A matriz de prioridade foi salva.',
  },
});
