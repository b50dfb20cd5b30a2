/** A company a person works with; name and city are null when the reader may not see the company. */
export interface PersonCompany {
  company_id: string;
  role: string | null;
  /** The person's main company (their Company field), always listed first. */
  is_primary: boolean;
  name: string | null;
  city: string | null;
}

export interface PersonCompanyInput {
  company_id: string;
  role?: string | null;
}

/** A person of a company; the details are null when hidden from the reader. */
export interface CompanyPerson {
  person_id: string;
  role: string | null;
  /** The company is the person's main one. */
  is_primary: boolean;
  full_name: string | null;
  job_title: string | null;
  email: string | null;
  phone: string | null;
}

/** A company as the companies search returns it; fields hidden from the reader are absent. */
export interface CompanyHit {
  id: string;
  name?: string | null;
  city?: string | null;
  inn?: string | null;
}

/** A person as the people search returns them; fields hidden from the reader are absent. */
export interface PersonHit {
  id: string;
  full_name?: string | null;
  email?: string | null;
  phone?: string | null;
  job_title?: string | null;
}
