import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import type { FieldSpec } from '#lib/server/api-result.js';
import { textField } from '#lib/server/form-data.js';
import { failForm } from '#lib/server/form-result.js';
import { formFailure } from '#lib/server/problems.js';
import { ENQUIRY_SENT_COOKIE, sendEnquiry } from './enquiries.server';
import { ENQUIRY_FIELDS, enquiryProblems, type EnquiryValues } from './enquiry-form';

const FIELDS: Record<string, FieldSpec> = {
  organisation: { label: 'Organisation', missing: 'Enter the name of your organisation' },
  contactName: { label: 'Contact name', missing: 'Enter the name of the person we should contact' },
  email: { label: 'Email address', missing: 'Enter an email address' },
  needs: { label: 'Training needs', missing: 'Describe your training needs' },
  staffCount: { label: 'Number of staff', missing: 'Enter the number of staff to be trained' },
  preferredTiming: { label: 'Preferred timing' }
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = Object.fromEntries(ENQUIRY_FIELDS.map((name) => [name, textField(data, name)])) as EnquiryValues;

    const errors = enquiryProblems(values);
    if (Object.keys(errors).length > 0) return failForm(400, { values, errors: errors as Record<string, string> });

    const outcome = await sendEnquiry(apiFor(event, { signedIn: false }), {
      organisation: values.organisation,
      contactName: values.contactName,
      email: values.email,
      needs: values.needs,
      staffCount: Number(values.staffCount),
      ...(values.preferredTiming ? { preferredTiming: values.preferredTiming } : {})
    });
    if (outcome.ok) {
      event.cookies.set(ENQUIRY_SENT_COOKIE, '1', {
        path: '/enquiry',
        httpOnly: true,
        sameSite: 'lax',
        secure: event.url.protocol === 'https:',
        maxAge: 300
      });
      redirect(303, '/enquiry/sent');
    }
    return formFailure(
      outcome.problem,
      event,
      { values },
      {
        fields: FIELDS,
        on: { unavailable: () => ({ problem: 'Your enquiry could not be sent just now. Nothing you typed is lost: try again in a few minutes.' }) }
      }
    );
  }
};
